const { chromium } = require('playwright-core');
(async () => {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync'] });
  for (const [name, viewport] of [['desktop', { width: 1280, height: 800 }], ['phone', { width: 390, height: 844 }]]) {
    const page = await browser.newPage({ viewport });
    page.on('console', (m) => console.log('console', m.type(), m.text()));
    page.on('pageerror', (e) => console.log('pageerror', e.message));
    await page.goto('http://127.0.0.1:3999/');
    await page.waitForSelector('body[data-loaded="true"]');
    await page.waitForTimeout(500);
    await page.screenshot({ path: `/tmp/shots/${name}.png` });
    await page.screenshot({ path: `/tmp/shots/${name}-full.png`, fullPage: true });
    if (name === 'desktop') {
      await page.click('[data-testid="at-risk-item"] >> nth=2');
      await page.waitForSelector('[data-testid="history-event"]');
      await page.screenshot({ path: `/tmp/shots/history.png` });
    }
    await page.close();
  }
  await browser.close();
})();

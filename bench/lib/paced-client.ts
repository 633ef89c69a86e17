import { Agent, request } from 'node:http';

export interface PacedRun {
  url: string;
  path: string;
  /** Per lane (one keep-alive connection each), the request bodies it sends, in order. */
  lanes: string[][];
  /** Requests per second over all lanes, evenly spaced. */
  rate: number;
  seconds: number;
}

export interface PacedReport {
  /** Requests answered (2xx or not). */
  requests: number;
  non2xx: number;
  errors: number;
  seconds: number;
  /** Response times of the 2xx answers, coordinated omission corrected (see `runPaced`), ms. */
  latency: number[];
  /** How late the client's timer sent requests whose lane was free (its own lag, not the server's), ms. */
  sendLag: number[];
  /** A lane ran out of prepared bodies (the run undercounts). */
  exhausted: boolean;
}

/**
 * An open-loop load at a fixed rate, the way wrk2 paces it: request i is due at start + i / rate,
 * on lane i mod lanes, so arrivals are evenly spaced (autocannon's `overallRate` instead sends each
 * second's quota back to back and then waits for the next second). A lane keeps its bodies in order:
 * it sends the next one only after the previous answer, as a desk sending one ticket's events would.
 *
 * A response's latency runs from when the request could have been sent: its due time when its lane
 * was still waiting for the previous answer then (the wait is the server's doing: coordinated
 * omission), else the moment it was sent (a timer firing late is this process's lag, reported apart).
 */
export const runPaced = (run: PacedRun): Promise<PacedReport> =>
  new Promise((resolve) => {
    const { hostname, port } = new URL(run.url);
    const agent = new Agent({ keepAlive: true, maxSockets: run.lanes.length });
    const laneCount = run.lanes.length;
    const total = Math.floor(run.rate * run.seconds);
    const interval = 1000 / run.rate;
    const sentFrom = run.lanes.map(() => 0);
    const busy = run.lanes.map(() => false);
    const laneFreeAt = run.lanes.map(() => 0);
    const due: number[][] = run.lanes.map(() => []);
    const report: PacedReport = {
      requests: 0,
      non2xx: 0,
      errors: 0,
      seconds: 0,
      latency: [],
      sendLag: [],
      exhausted: false,
    };
    const start = performance.now() + 10;
    let scheduled = 0;
    let answered = 0;

    const finish = (): void => {
      report.seconds = (performance.now() - start) / 1000;
      agent.destroy();
      resolve(report);
    };
    const answer = (lane: number, status: number, from: number): void => {
      answered++;
      report.requests++;
      if (status === 0) report.errors++;
      else if (status >= 300) report.non2xx++;
      else report.latency.push(performance.now() - from);
      busy[lane] = false;
      if (answered === total) finish();
      else send(lane);
    };
    const send = (lane: number): void => {
      if (busy[lane] || due[lane].length === 0) return;
      const dueAt = due[lane].shift()!;
      const now = performance.now();
      // Charged to the server: the wait for the lane's previous answer past the due time, then the response.
      const laneWait = Math.max(0, laneFreeAt[lane] - dueAt);
      report.sendLag.push(now - dueAt - laneWait);
      const from = now - laneWait;
      const bodies = run.lanes[lane];
      if (sentFrom[lane] >= bodies.length) report.exhausted = true;
      const body = bodies[sentFrom[lane]++ % bodies.length];
      busy[lane] = true;
      let settled = false;
      // Once per request, whether it ends in an answer or an error (or both).
      const settle = (status: number): void => {
        if (settled) return;
        settled = true;
        laneFreeAt[lane] = performance.now();
        answer(lane, status, from);
      };
      const req = request(
        {
          hostname,
          port,
          path: run.path,
          method: 'POST',
          agent,
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        },
        (res) => {
          res.resume();
          res.on('end', () => settle(res.statusCode ?? 0));
        },
      );
      req.on('error', () => settle(0));
      req.end(body);
    };
    const tick = (): void => {
      const now = performance.now();
      while (scheduled < total && start + scheduled * interval <= now) {
        const lane = scheduled % laneCount;
        due[lane].push(start + scheduled * interval);
        scheduled++;
        send(lane);
      }
      if (scheduled < total) setTimeout(tick, Math.max(0, start + scheduled * interval - performance.now()));
    };
    setTimeout(tick, 10);
  });

import { Controller, Get, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ApiDoc } from '../openapi/api-doc.decorator';
import { ProgressFeed, progressEventSchema } from './progress-feed';

@Controller('events')
export class LiveController {
  constructor(private readonly feed: ProgressFeed) {}

  @Get('progress')
  @ApiDoc({
    summary: 'Live progress of the views (Server-Sent Events)',
    description:
      'A `text/event-stream`: one `progress` event on connect, then one each time the views have processed new events ' +
      '(at most a few per second), and a comment line every 15 s to keep proxies from closing it. The dashboard ' +
      're-reads its panels on each event.',
    content: {
      type: 'text/event-stream',
      description: '`event: progress` with `data` as below',
      schema: progressEventSchema,
    },
  })
  async progress(@Res() reply: FastifyReply): Promise<void> {
    reply.hijack();
    await this.feed.attach(reply.raw);
  }
}

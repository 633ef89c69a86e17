import { Controller, Get, NotFoundException, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { complaintDetailsSchema, complaintHistorySchema } from '../../../../libs/projections/complaint/complaint-schemas';
import { asOfSchema } from '../common/as-of';
import { ZodPipe } from '../common/zod-pipe';
import { ApiDoc } from '../openapi/api-doc.decorator';
import { GetComplaintHistoryQuery, GetComplaintQuery } from './complaint.queries';

const notFound = (id: string) =>
  new NotFoundException({ error: 'Not Found', reason: 'complaint_not_found', message: `Complaint ${id} has not been raised` });

@Controller('complaints')
export class ComplaintsController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':id')
  @ApiDoc({ summary: 'A complaint: state, tier, cost, SLA deadlines and breaches', response: complaintDetailsSchema, errors: { 404: 'Never raised' } })
  async get(@Param('id') id: string, @Query(new ZodPipe(asOfSchema)) { asOf }: { asOf?: number }) {
    const complaint = await this.queries.execute(new GetComplaintQuery(id, asOf));
    if (!complaint) throw notFound(id);
    return complaint;
  }

  @Get(':id/history')
  @ApiDoc({ summary: "A complaint's events with metadata (audit)", response: complaintHistorySchema, errors: { 404: 'Never raised' } })
  async history(@Param('id') id: string, @Query(new ZodPipe(asOfSchema)) { asOf }: { asOf?: number }) {
    const events = await this.queries.execute(new GetComplaintHistoryQuery(id, asOf));
    if (events.length === 0) throw notFound(id);
    return { complaintId: id, events };
  }
}

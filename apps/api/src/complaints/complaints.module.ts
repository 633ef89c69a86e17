import { Module } from '@nestjs/common';
import { ComplaintsController } from './complaints.controller';
import { GetComplaintHandler, GetComplaintHistoryHandler } from './complaint.queries';

@Module({ controllers: [ComplaintsController], providers: [GetComplaintHandler, GetComplaintHistoryHandler] })
export class ComplaintsModule {}

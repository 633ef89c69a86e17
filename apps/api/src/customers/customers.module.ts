import { Module } from '@nestjs/common';
import { CustomersController } from './customers.controller';
import { GetCustomerHandler } from './customer.queries';

@Module({ controllers: [CustomersController], providers: [GetCustomerHandler] })
export class CustomersModule {}

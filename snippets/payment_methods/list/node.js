import { Vinr } from '@vinr/sdk';

const vinr = new Vinr({ secretKey: process.env.VINR_SECRET_KEY });

const payment_methods = await vinr.customers.paymentMethods.list('cust_8aZ2', {
  limit: 10,
});

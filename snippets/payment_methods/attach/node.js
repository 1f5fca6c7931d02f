import { Vinr } from '@vinr/sdk';

const vinr = new Vinr({ secretKey: process.env.VINR_SECRET_KEY });

const payment_method = await vinr.customers.paymentMethods.attach('cust_8aZ2', {
  payment_method: 'pm_4xK7',
});

import { Vinr, InvalidRequestError } from '@vinr/sdk';

const vinr = new Vinr({ secretKey: process.env.VINR_SECRET_KEY });

try {
  await vinr.customers.paymentMethods.attach('cust_8aZ2', { payment_method: 'pm_0000' });
} catch (err) {
  if (!(err instanceof InvalidRequestError)) throw err;
  console.log(err.status, err.code, err.param);
}

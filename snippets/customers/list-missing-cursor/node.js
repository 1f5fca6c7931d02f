import { Vinr, InvalidRequestError } from '@vinr/sdk';

const vinr = new Vinr({ secretKey: process.env.VINR_SECRET_KEY });

try {
  await vinr.customers.list({ starting_after: 'cust_0000' });
} catch (err) {
  if (!(err instanceof InvalidRequestError)) throw err;
  console.log(err.status, err.code, err.param);
}

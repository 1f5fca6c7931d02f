import { Vinr } from '@vinr/sdk';

const vinr = new Vinr({ secretKey: process.env.VINR_SECRET_KEY });

const page = await vinr.customers.list({
  limit: 2,
  starting_after: 'cust_8aZ2',
});

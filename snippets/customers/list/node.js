import { Vinr } from '@vinr/sdk';

const vinr = new Vinr({ secretKey: process.env.VINR_SECRET_KEY });

const customers = await vinr.customers.list({
  email: 'jenny@example.com',
  limit: 10,
});

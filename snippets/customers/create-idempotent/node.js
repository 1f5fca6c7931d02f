import { Vinr } from '@vinr/sdk';

const vinr = new Vinr({ secretKey: process.env.VINR_SECRET_KEY });

const customer = await vinr.customers.create(
  { email: 'jenny@example.com', name: 'Jenny Rosen' },
  { idempotencyKey: '5f1c2a9e-signup-jenny' },
);

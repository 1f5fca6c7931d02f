import { Vinr, InvalidRequestError } from '@vinr/sdk';

const vinr = new Vinr({ secretKey: process.env.VINR_SECRET_KEY });

await vinr.customers.create({ email: 'jenny@example.com' }, { idempotencyKey: 'key_7Qm2' });

try {
  await vinr.customers.create({ email: 'jenny.rosen@example.com' }, { idempotencyKey: 'key_7Qm2' });
} catch (err) {
  if (!(err instanceof InvalidRequestError)) throw err;
  console.log(err.status, err.code, err.param);
}

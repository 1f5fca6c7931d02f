import { Vinr, AuthenticationError } from '@vinr/sdk';

const vinr = new Vinr({ secretKey: 'sk_test_wrong' });

try {
  await vinr.paymentMethods.retrieve('pm_9bR3');
} catch (err) {
  if (!(err instanceof AuthenticationError)) throw err;
  console.log(err.status, err.code, err.param);
}

import { Vinr } from '@vinr/sdk';

const vinr = new Vinr({ secretKey: process.env.VINR_SECRET_KEY });

const payment_method = await vinr.paymentMethods.detach('pm_9bR3');

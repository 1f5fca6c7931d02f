const customer = await vinr.customers.create(
  { email: 'jenny@example.com', name: 'Jenny Rosen' },
  { idempotencyKey: '5f1c2a9e-signup-jenny' },
);

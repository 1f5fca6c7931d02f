const customers = await vinr.customers.list({
  email: 'jenny@example.com',
  limit: 10,
});

const page = await vinr.customers.list({
  limit: 2,
  starting_after: 'cust_8aZ2',
});

const customer = await vinr.customers.update('cust_8aZ2', {
  email: 'jenny.rosen@example.com',
});

const customer = await vinr.customers.retrieve('cust_8aZ2', {
  expand: ['default_payment_method'],
});

const customer = await vinr.customers.retrieve('cust_8aZ2');

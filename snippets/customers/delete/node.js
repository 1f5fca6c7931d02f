const deleted = await vinr.customers.delete('cust_8aZ2');

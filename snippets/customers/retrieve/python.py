import vinr

customer = vinr.Customer.retrieve("cust_8aZ2")

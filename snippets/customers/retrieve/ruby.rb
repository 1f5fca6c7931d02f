customer = Vinr::Customer.retrieve("cust_8aZ2")

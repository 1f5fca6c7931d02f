deleted = Vinr::Customer.delete("cust_8aZ2")

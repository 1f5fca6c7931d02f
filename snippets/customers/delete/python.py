import vinr

deleted = vinr.Customer.delete("cust_8aZ2")

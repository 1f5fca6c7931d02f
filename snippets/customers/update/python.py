import vinr

customer = vinr.Customer.modify(
  "cust_8aZ2",
  email="jenny.rosen@example.com",
)

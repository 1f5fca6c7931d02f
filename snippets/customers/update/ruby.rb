customer = Vinr::Customer.update(
  "cust_8aZ2",
  email: 'jenny.rosen@example.com',
)

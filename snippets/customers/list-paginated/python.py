import vinr

page = vinr.Customer.list(
  limit=2,
  starting_after="cust_8aZ2",
)

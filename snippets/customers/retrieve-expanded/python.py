import vinr

customer = vinr.Customer.retrieve(
  "cust_8aZ2",
  expand=["default_payment_method"],
)

payment_methods = Vinr::PaymentMethod.list(
  "cust_8aZ2",
  limit: 10,
)

import vinr

payment_methods = vinr.PaymentMethod.list(
  "cust_8aZ2",
  limit=10,
)

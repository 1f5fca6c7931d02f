payment_method = Vinr::PaymentMethod.attach(
  "cust_8aZ2",
  payment_method: 'pm_4xK7',
)

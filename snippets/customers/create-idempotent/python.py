import vinr

customer = vinr.Customer.create(
  email="jenny@example.com",
  name="Jenny Rosen",
  idempotency_key="5f1c2a9e-signup-jenny",
)

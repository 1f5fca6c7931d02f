import vinr

customers = vinr.Customer.list(
  email="jenny@example.com",
  limit=10,
)

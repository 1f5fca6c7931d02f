customers = Vinr::Customer.list(
  email: 'jenny@example.com',
  limit: 10,
)

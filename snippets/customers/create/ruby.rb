customer = Vinr::Customer.create(
  email: 'jenny@example.com',
  name: 'Jenny Rosen',
  phone: '+14155552671',
)

begin
  Vinr::Customer.create(email: 'jenny@example.com', nickname: 'Jen')
rescue Vinr::InvalidRequestError => e
  puts [e.http_status, e.code, e.param].join(' ')
end

begin
  Vinr::Customer.create(email: 'jenny@example.com', phone: '415-555-2671')
rescue Vinr::InvalidRequestError => e
  puts [e.http_status, e.code, e.param].join(' ')
end

begin
  Vinr::Customer.create(email: 'jenny.example.com')
rescue Vinr::InvalidRequestError => e
  puts [e.http_status, e.code, e.param].join(' ')
end

begin
  Vinr::Customer.create(name: 'Jenny Rosen')
rescue Vinr::InvalidRequestError => e
  puts [e.http_status, e.code, e.param].join(' ')
end

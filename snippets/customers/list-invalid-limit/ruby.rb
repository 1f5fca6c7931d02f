begin
  Vinr::Customer.list(limit: 200)
rescue Vinr::InvalidRequestError => e
  puts [e.http_status, e.code, e.param].join(' ')
end

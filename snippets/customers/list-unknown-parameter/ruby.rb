begin
  Vinr::Customer.list(sort: 'created')
rescue Vinr::InvalidRequestError => e
  puts [e.http_status, e.code, e.param].join(' ')
end

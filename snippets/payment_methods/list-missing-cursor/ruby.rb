begin
  Vinr::PaymentMethod.list('cust_8aZ2', starting_after: 'pm_0000')
rescue Vinr::InvalidRequestError => e
  puts [e.http_status, e.code, e.param].join(' ')
end

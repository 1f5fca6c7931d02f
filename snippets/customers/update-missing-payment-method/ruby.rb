begin
  Vinr::Customer.update('cust_8aZ2', default_payment_method: 'pm_0000')
rescue Vinr::InvalidRequestError => e
  puts [e.http_status, e.code, e.param].join(' ')
end

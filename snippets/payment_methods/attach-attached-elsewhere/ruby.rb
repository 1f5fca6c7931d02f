begin
  Vinr::PaymentMethod.attach('cust_8aZ2', payment_method: 'pm_4xK7')
rescue Vinr::InvalidRequestError => e
  puts [e.http_status, e.code, e.param].join(' ')
end

begin
  Vinr::PaymentMethod.attach('cust_0000', payment_method: 'pm_4xK7')
rescue Vinr::InvalidRequestError => e
  puts [e.http_status, e.code, e.param].join(' ')
end

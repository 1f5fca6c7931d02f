begin
  Vinr::PaymentMethod.detach('pm_4xK7')
rescue Vinr::InvalidRequestError => e
  puts [e.http_status, e.code, e.param].join(' ')
end

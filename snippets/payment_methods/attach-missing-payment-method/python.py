import vinr

try:
    vinr.PaymentMethod.attach("cust_8aZ2", payment_method="pm_0000")
except vinr.InvalidRequestError as err:
    print(err.http_status, err.code, err.param)

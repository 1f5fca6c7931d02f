import vinr

try:
    vinr.PaymentMethod.attach("cust_0000", payment_method="pm_4xK7")
except vinr.InvalidRequestError as err:
    print(err.http_status, err.code, err.param)

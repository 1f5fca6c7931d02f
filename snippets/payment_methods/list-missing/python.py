import vinr

try:
    vinr.PaymentMethod.list("cust_0000")
except vinr.InvalidRequestError as err:
    print(err.http_status, err.code, err.param)

import vinr

try:
    vinr.PaymentMethod.list("cust_8aZ2", starting_after="pm_0000")
except vinr.InvalidRequestError as err:
    print(err.http_status, err.code, err.param)

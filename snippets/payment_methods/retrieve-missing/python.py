import vinr

try:
    vinr.PaymentMethod.retrieve("pm_0000")
except vinr.InvalidRequestError as err:
    print(err.http_status, err.code, err.param)

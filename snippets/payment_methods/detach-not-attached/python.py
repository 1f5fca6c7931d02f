import vinr

try:
    vinr.PaymentMethod.detach("pm_4xK7")
except vinr.InvalidRequestError as err:
    print(err.http_status, err.code, err.param)

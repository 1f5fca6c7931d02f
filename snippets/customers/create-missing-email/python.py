import vinr

try:
    vinr.Customer.create(name="Jenny Rosen")
except vinr.InvalidRequestError as err:
    print(err.http_status, err.code, err.param)

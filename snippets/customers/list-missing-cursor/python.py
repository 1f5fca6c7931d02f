import vinr

try:
    vinr.Customer.list(starting_after="cust_0000")
except vinr.InvalidRequestError as err:
    print(err.http_status, err.code, err.param)
